"""Re-exported for browser tests: `from tests.browser_helpers import assert_accessible`."""

from tests.conftest import assert_accessible, sign_in_browser

__all__ = ["assert_accessible", "sign_in_browser"]
