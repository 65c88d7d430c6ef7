"""The evaluator's web app (`bikva serve`): server-rendered pages that call the same functions as
the command line and hold no logic of their own. `app.create_app` builds it; `accounts` holds the
accounts, sessions and login throttling that `bikva user` manages too."""
