# One editgov service as an image, from its built quarkus-app folder (run from the repository root):
#
#   mvn -B install -DskipTests
#   docker build -f deploy/docker/service.Dockerfile --build-arg SERVICE=request-api \
#     -t editgov/request-api:0.1.0-SNAPSHOT .
#
# SERVICE is request-api, audit-service or web-ui; the worker has editor-worker-cuda.Dockerfile.
# The files belong to root and the process runs as uid 10001, so the application cannot change its
# own code; deploy/k8s also mounts the root file system read-only.
FROM eclipse-temurin:17-jre
ARG SERVICE
COPY ${SERVICE}/target/quarkus-app/ /deployments/
USER 10001:10001
WORKDIR /deployments
ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
