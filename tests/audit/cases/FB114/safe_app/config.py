import os


class Config:
    SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    CACHE_URL = "redis://cache:6379/0"
    LOCAL_DB_URI = "sqlite:///app.db"
    TOKEN_MISSING = "The token is missing or expired."
    API_KEY = ""


class TestingConfig(Config):
    MAIL_PASSWORD = "test-password"
