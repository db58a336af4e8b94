import os


class Config:
    SECRET_KEY = os.environ["SECRET_KEY"]
    DEBUG = True  # expect: FB101


class ProductionConfig(Config):
    DEBUG = os.environ.get("DEBUG", True)  # expect: FB101


class DevelopmentConfig(Config):
    DEBUG = True


class TestingConfig(Config):
    DEBUG = True
    TESTING = True
