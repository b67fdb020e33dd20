"""PartnerDesk: registers of a city's municipal partnerships, projects and SDGs."""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("partnerdesk")
except PackageNotFoundError:  # running from a source checkout without installing
    __version__ = "0.1.0"

APP_NAME = "PartnerDesk"
