"""The manager's pages (one router per page) and the report's shared agenda page."""
