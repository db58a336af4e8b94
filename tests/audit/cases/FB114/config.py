import os


class Config:
    SQLALCHEMY_DATABASE_URI = "postgresql://app:s3cr3t-pw@db.internal/app"  # expect: FB114
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "hunter2!")  # expect: FB114
    STRIPE_API_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"  # expect: FB114
    CSRF_HEADER = "X-CSRFToken"
    CSRF_TOKEN = "csrf_token"


class DevelopmentConfig(Config):
    SQLALCHEMY_DATABASE_URI = "postgresql://dev:dev@localhost/app"


def configure(app):
    app.config["REDIS_URL"] = "redis://:r3dis-pass@cache:6379/0"  # expect: FB114
    app.config.update(GITHUB_CLIENT_SECRET="0a1b2c3d4e5f60718293a4b5c6d7e8f9")  # expect: FB114
