"""Live checks: an imported app probed with its test client, or a URL probed over HTTP."""
