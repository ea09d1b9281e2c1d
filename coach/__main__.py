from coach.cli.main import run

run()
