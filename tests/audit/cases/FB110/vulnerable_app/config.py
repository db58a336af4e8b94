import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY") or "k3J9xQz7Lm2Vb8Rt5Yw1Np4Hs6Df0GcA"  # expect: FB110
    SQLALCHEMY_TRACK_MODIFICATIONS = False


class TestingConfig(Config):
    SECRET_KEY = "b1946ac92492d2347c6235b4d2611184aa"
