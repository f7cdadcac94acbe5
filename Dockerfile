# mik in a container: build with the .NET SDK, run on the ASP.NET runtime image as a non-root user.
# Build context: the repository root (`docker compose build`, or `docker build -t mik .`). See deploy/README.md.

# linux/amd64 on every host: Directory.Build.props pins RuntimeIdentifier linux-x64 (mik's apphost and Wasmtime's
# native library are x64), so an arm64 host builds and runs this image under emulation rather than mixing the two.
FROM --platform=linux/amd64 mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# Directory.Build.props pins RuntimeIdentifier linux-x64, so the publish output carries Wasmtime's native
# libwasmtime.so beside mik (without it no module can load); `test -f` stops a build that lost it.
RUN dotnet publish src/Api -c Release -o /out --nologo \
 && test -f /out/libwasmtime.so \
 && test -x /out/mik

FROM --platform=linux/amd64 mcr.microsoft.com/dotnet/aspnet:10.0
# A fixed uid, so volume ownership survives image rebuilds.
RUN groupadd --system --gid 10001 mik \
 && useradd --system --uid 10001 --gid mik --home-dir /var/lib/mik --no-create-home --shell /usr/sbin/nologin mik \
 && mkdir -p /var/lib/mik /etc/mik \
 && chown mik:mik /var/lib/mik
COPY --from=build /out /opt/mik
COPY deploy/docker/mik.toml /etc/mik/mik.toml
COPY --chmod=0755 deploy/docker/healthcheck.sh /opt/mik/healthcheck.sh
# The example modules; the folder is the mik user's so AOT artifacts (*.wasm.aot) can be written beside them.
COPY --chown=mik:mik examples/modules/ /var/lib/mik/modules/
ENV PATH=/opt/mik:$PATH \
    MIK_CONFIG=/etc/mik/mik.toml \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
USER mik
WORKDIR /var/lib/mik
# State: AOT key and artifacts, the audit spool (events kept while PostgreSQL is away), the instance lock.
VOLUME ["/var/lib/mik"]
EXPOSE 3000 9919
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["/opt/mik/healthcheck.sh"]
ENTRYPOINT ["mik"]
CMD ["serve"]
