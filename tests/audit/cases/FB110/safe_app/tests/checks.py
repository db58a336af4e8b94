from app import app


def check_index():
    app.config["SECRET_KEY"] = "1f3870be274f6c49b3e31a0c6728957f"
    assert app.test_client().get("/").status_code == 200
