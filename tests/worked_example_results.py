"""The published results of METHODOLOGY.md §5's worked example, as tests check them."""

EXPECTED_INDICATORS = {
    "WC01": (59.5, "scored"),
    "WC02": (None, "not_applicable"),
    "WC03": (26.0, "scored"),
    "WC04": (28.0, "scored"),
    "WC05": (50.0, "scored"),
    "WC06": (71.4, "scored"),
    "WC07": (32.5, "scored"),
    "WC08": (None, "not_applicable"),
    "WC09": (28.3, "scored"),
    "WC10": (50.0, "scored"),
    "WC11": (65.0, "scored"),
}
EXPECTED_CLUSTERS = {"participation": 40.9, "prevention_protection": 44.1, "promotion": 57.5}
# Each indicator's result as a page shows it: the score with one decimal, or its status.
SHOWN_INDICATORS = {
    code: "not applicable" if score is None else f"{score:.1f}"
    for code, (score, _) in EXPECTED_INDICATORS.items()
}
