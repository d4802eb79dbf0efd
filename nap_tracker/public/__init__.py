"""The public site: pages that combine countries, plans, assessments and scores.

It sits above the apps (like healthchecks' ``hc/front/``): it may import ``plans`` and
``indicators``, and nothing imports it. Entry and review pages stay with their app.
"""
