"""The pages of the web app, one module per area; every module here is included (bikva.web.app)."""
