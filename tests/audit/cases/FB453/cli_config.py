import os

import click
from jinja2 import Environment, FileSystemLoader


@click.command("makeconfig")
@click.option("--output", default="forum.cfg")
def make_config(output):
    """Write a config file from config.cfg.template (plain text: escaping would corrupt it)."""
    env = Environment(loader=FileSystemLoader(os.path.dirname(__file__)))
    text = env.get_template("config.cfg.template").render(secret_key=os.urandom(24).hex())
    with open(output, "w") as f:
        f.write(text)


@click.command("makedocs")
def make_docs():
    """This module mentions a page: <p> in help text, http://example.com/index.html."""
    docs_env = Environment(loader=FileSystemLoader("docs"))
    with open("README.rst", "w") as f:
        f.write(docs_env.get_template("readme.rst.j2").render(version="1.0"))
