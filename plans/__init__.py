"""Plans: countries, national action plans, their documents and coverage."""
