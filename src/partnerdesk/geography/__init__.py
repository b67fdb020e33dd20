"""Places on the earth: bundled public-domain country boundaries (Natural Earth) and the
window a small locator map shows. No Qt, no network: the project sheet's map uses it, and a
partner map can reuse it."""
