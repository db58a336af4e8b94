from crm import create_app

if __name__ == "__main__":
    create_app().run(host="0.0.0.0", debug=True)  # expect: FB100, FB901
