"""Rasad on Spark: `job.py` (the job, `python -m rasad.spark.job`), `commands.py` (`rasad spark-extract`); see docs/spark.md."""
