class ProductionConfig:
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = False  # expect: FB200
