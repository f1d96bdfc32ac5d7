"""The Starlette web app: /graphql (GraphiQL in a browser), /healthz, vendored static assets."""
