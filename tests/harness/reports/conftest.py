"""Tests of the report writer's path checks and the wording shared by the command-line tools."""
