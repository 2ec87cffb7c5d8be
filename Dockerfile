# Crispflow as a container image (issue 16): the bundled `crispflow` command and the built studio app.
#   docker build -t crispflow .
#   docker run --rm -v "$PWD/data:/data" -v "$PWD/out:/out" crispflow run /data/pipeline.json --data /data --out /out
#   docker run --rm -v "$PWD:/work" crispflow score model.json --input /work/rows.csv --out /work/scored.csv
#   docker run --rm -p 4173:4173 -v "$PWD/ws:/workspace" crispflow studio --host 0.0.0.0 --allow-host localhost --workspace /workspace
# The Argo and Kubeflow exports (`crispflow export <pipeline> --target argo|kfp --image <ref>`) run their steps in it.

# ---- builder: every dependency, then the CLI bundle (dist-cli/) and the designer (dist/) ----
FROM node:20-slim AS builder
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` builds the CLI, which needs the sources copied below.
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build:cli && npm run build

# ---- runtime: production dependencies only (TF.js stays external to the bundle), no sources, no compilers ----
FROM node:20-slim
ENV NODE_ENV=production \
    CRISPFLOW_PREBUILT_CLI=1 \
    CRISPFLOW_WORKSPACE=/workspace
WORKDIR /opt/crispflow
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY bin/ ./bin/
COPY scripts/build-cli.mjs ./scripts/build-cli.mjs
COPY public/samples/ ./public/samples/
COPY --from=builder /src/dist-cli/ ./dist-cli/
COPY --from=builder /src/dist/ ./dist/
# A fixed, unprivileged user (uid 10001); the folders it writes to belong to it.
RUN groupadd --system --gid 10001 crispflow \
 && useradd --system --uid 10001 --gid crispflow --home-dir /home/crispflow --create-home crispflow \
 && mkdir -p /workspace /out /data \
 && chown crispflow:crispflow /workspace /out /data \
 && ln -s /opt/crispflow/bin/crispflow.mjs /usr/local/bin/crispflow
USER 10001:10001
WORKDIR /workspace
EXPOSE 4173
ENTRYPOINT ["crispflow"]
CMD ["--help"]
