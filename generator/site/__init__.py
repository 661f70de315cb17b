"""The web site: pages from the model (Jinja2 → Markdown), the site engine, checks of the built site."""
