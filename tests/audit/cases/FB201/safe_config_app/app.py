from flask import Flask


class DevelopmentConfig:
    SESSION_COOKIE_SECURE = False


class ProductionConfig:
    SESSION_COOKIE_SECURE = True


app = Flask(__name__)
app.config.from_object(ProductionConfig)
