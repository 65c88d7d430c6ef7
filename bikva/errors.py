"""One error type for everything a user did wrong: a message key plus parameters.

The CLI turns it into one translated line on stderr and exit code 2. Code that raises it never
formats text itself: every sentence lives in the message catalogues (templates/i18n/).
"""


class BikvaError(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:  # readable in tracebacks and test failures
        return f"{self.key} {self.params}"
