"""The benchmark of issue 8, part 10: ``make bench`` (``python -m bench``), never ``make test``.

``bench.database`` makes (and drops) a database of its own, ``bench.generate`` fills it with
full-scale data through the scoring service, ``bench.measure`` times the API beside raw-SQL
baselines, ``bench.load`` drives gunicorn with concurrent clients. See docs/performance.md.
"""
