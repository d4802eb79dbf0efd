"""nap_tracker: national action plans on UNSCR 1325 scored against the Women Count indicators."""
