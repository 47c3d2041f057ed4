"""Dagster assets: landing files into raw tables, and the dbt project on top of them."""
