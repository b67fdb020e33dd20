"""PartnerDesk: registers of a city's municipal partnerships, projects and SDGs."""

#: The version in pyproject.toml, written here too: asking ``importlib.metadata`` cost
#: ~30 ms of every start (a third of a short command's own work). A test
#: (tests/packaging/test_version_info.py) keeps the two equal.
__version__ = "0.1.0"

APP_NAME = "PartnerDesk"
