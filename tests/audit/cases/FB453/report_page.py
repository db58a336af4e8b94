import click
from jinja2 import Environment, FileSystemLoader


@click.command("report")
def report():
    env = Environment(loader=FileSystemLoader("reports"))  # expect: FB453
    with open("report.html", "w") as f:
        f.write(env.get_template("weekly.html").render(rows=load_rows()))
