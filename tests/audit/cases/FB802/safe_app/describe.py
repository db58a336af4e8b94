import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.get("/api/keys/<int:key_id>")
def revoke(key_id):
    api_key = ApiKey.query.get_or_404(key_id)
    auth_token = AuthToken.query.filter_by(key_id=key_id).first()
    log.info("revoking key %s (%s)", api_key.name, api_key.id)
    log.info("token of user %s expires %s", auth_token.user_id, auth_token.expires_at)
    log.debug("auth header present: %s", "Authorization" in request.headers)
    log.debug("token length %d", len(request.headers.get("X-Auth-Token", "")))
    return "ok"
