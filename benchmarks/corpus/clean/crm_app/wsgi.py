from crm import create_app

app = create_app()  # ok: FB100, FB901
