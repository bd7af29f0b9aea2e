# syntax=docker/dockerfile:1
# One image for both processes of the 劳务输出 system:
#   API     node dist/src/api.js     (default command; listens on $PORT, 3000)
#   worker  node dist/src/worker.js  (Temporal worker; no ports)
# Both need DATABASE_URL and TEMPORAL_ADDRESS; see docker-compose.yml and .env.example.

##### build: all dependencies, compile TypeScript into dist/ #####
FROM node:20-bookworm-slim AS build
WORKDIR /app
# `npm install`, not `npm ci`: the lockfile lacks other platforms' optional packages
# (native bindings), so `npm ci` can fail on a platform other than the one it was made on.
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
# templates/ may be empty, and git does not keep empty folders.
RUN mkdir -p templates && npm run build

##### runtime: production dependencies + compiled code only #####
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies bring what PDF renditions need, no apt: the headless Chromium
# (@sparticuz/chromium, with its own NSS libraries) and the documents' CJK fonts (@fontsource).
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/templates ./templates
# The code stays owned by root (read-only to the app); the app writes nothing here.
USER node
# Unpack Chromium now (into /tmp, as the app's user) so the first PDF does not wait for it;
# a container whose /tmp starts empty unpacks it again on its first print.
RUN node --input-type=module -e "await (await import('/app/dist/src/documents/chromium.js')).bundledChromium()"
EXPOSE 3000
CMD ["node", "dist/src/api.js"]
