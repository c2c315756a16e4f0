# The analytics job on the official Flink image. From the repository root, after the build wrote the job jar
# (mvn -B -DskipTests package -pl jobs/analytics -am):
#   docker build -f deploy/docker/analytics.Dockerfile -t nudge/analytics:0.1.0 .
# Flink, RocksDB, the Prometheus reporter and the S3 plugins come with the image (ENABLE_BUILT_IN_PLUGINS in
# deploy/kubernetes/analytics.yaml turns the S3 one on).
FROM flink:2.2.1-java17
ARG NUDGE_VERSION=0.1.0-SNAPSHOT
COPY --chown=flink:flink jobs/analytics/target/nudge-analytics-${NUDGE_VERSION}-job.jar /opt/flink/usrlib/nudge-analytics.jar
