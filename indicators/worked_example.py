"""METHODOLOGY.md §5 worked example: the inputs as the API accepts them.

The methodology page scores it live; the tests (Django-free and Django) import it from here.
Plain data, no Django, so the scoring tests can import it without settings.
"""

# The inputs as the API accepts them.
WORKED_EXAMPLE = {
    "methodology": "1.0",
    "indicators": {
        "WC01": {
            "components": {
                "cabinet": {"women": 5, "men": 15},
                "parliament": {"women": 120, "men": 230},
                "local_government": {"women": 2100, "men": 4900},
            }
        },
        "WC02": {"not_applicable": True, "reason": "no formal peace process"},
        "WC03": {
            "components": {
                "military": {"women": 1200, "men": 18800},
                "police": {"women": 3000, "men": 12000},
            }
        },
        "WC04": {"components": {"peacekeepers": {"women": 14, "men": 86}}},
        "WC05": {"components": {"task_force_seats": {"numerator": 3, "denominator": 12}}},
        "WC06": {
            "components": {
                "laws_and_policies": {
                    "items": {
                        "nap_in_force": "yes",
                        "domestic_violence_law": "yes",
                        "sexual_violence_law": "yes",
                        "trafficking_law": "yes",
                        "electoral_quota_law": "no",
                        "non_discrimination_law": "yes",
                        "security_sector_sgbv_policy": "no",
                        "crsv_reparations_law": "na",
                    }
                }
            }
        },
        "WC07": {
            "components": {
                "military_training": {"numerator": 4, "denominator": 10},
                "police_training": {"numerator": 1, "denominator": 4},
            }
        },
        "WC08": {"not_applicable": True, "reason": "no transitional justice process"},
        "WC09": {
            "components": {
                "sgbv_cases": {
                    "reported": 400,
                    "investigated": 220,
                    "prosecuted": 90,
                    "penalised": 30,
                }
            }
        },
        "WC10": {"components": {"dissemination": {"level": 2}}},
        "WC11": {
            "components": {
                "funding": {
                    "allocated": 1000000,
                    "disbursed": 650000,
                    "to_civil_society": 100000,
                    "currency": "USD",
                }
            }
        },
    },
}
