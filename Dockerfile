# The DPRA portal's production image: Backstage's documented "host build"
# (https://backstage.io/docs/deployment/docker#host-build), on npm instead of yarn (ADR 0007).
# It consumes exactly what the one build command makes on the host:
#   npm run build:production      # packages/app/dist, packages/backend/dist/{skeleton,bundle}.tar.gz
#   docker build -t dpra-portal .
#   docker run -p 7007:7007 -e POSTGRES_HOST=… -e POSTGRES_PORT=5432 -e POSTGRES_USER=… \
#     -e POSTGRES_PASSWORD=… dpra-portal
# scripts/lib/production-portal.mjs runs the same steps without docker in the test suite
# (`npm run test:all`, step "production"); change both together.
FROM node:22-bookworm-slim

# better-sqlite3 (a backend dependency, for local runs) compiles from source when no prebuilt
# binary fits the platform.
RUN apt-get update && \
    apt-get install -y --no-install-recommends python3 g++ build-essential && \
    rm -rf /var/lib/apt/lists/*

USER node
WORKDIR /app
ENV NODE_ENV=production

# The package.json of every package the backend needs, then the production dependencies from the
# lockfile: this layer is rebuilt only when a manifest or the lockfile changes.
COPY --chown=node:node packages/backend/dist/skeleton.tar.gz ./
RUN tar xzf skeleton.tar.gz && rm skeleton.tar.gz
COPY --chown=node:node package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev && npm cache clean --force

# The built packages (the backend, our plugins, and the app it serves), the config and the catalog
# files app-config.yaml points at.
COPY --chown=node:node packages/backend/dist/bundle.tar.gz ./
RUN tar xzf bundle.tar.gz && rm bundle.tar.gz
COPY --chown=node:node app-config.yaml app-config.production.yaml ./
COPY --chown=node:node examples ./examples
COPY --chown=node:node templates ./templates

# app-config.yaml's relative paths (catalog files) are relative to the backend package, as in
# development.
WORKDIR /app/packages/backend
EXPOSE 7007
CMD ["node", ".", "--config", "../../app-config.yaml", "--config", "../../app-config.production.yaml"]
