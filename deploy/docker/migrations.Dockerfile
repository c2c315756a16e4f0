# The ClickHouse migrations (sql/NNN_*.sql) and their runner, dev.nudge.platform.clickhouse.Migrations, which the
# webhook service's jar carries. From the repository root, after mvn -B -Pdist -DskipTests package -pl jobs/webhooks -am:
#   docker build -f deploy/docker/migrations.Dockerfile -t nudge/migrations:0.1.0 .
# Run by deploy/kubernetes/clickhouse-migrations.yaml with the ClickHouse HTTP URL and the folder as arguments.
FROM eclipse-temurin:17-jre
ARG NUDGE_VERSION=0.1.0-SNAPSHOT
RUN useradd --system --uid 10001 nudge
COPY jobs/webhooks/target/nudge-webhooks-${NUDGE_VERSION}-service.jar /opt/nudge/nudge-migrations.jar
COPY sql/ /opt/nudge/sql/
USER 10001
ENTRYPOINT ["java", "-cp", "/opt/nudge/nudge-migrations.jar", "dev.nudge.platform.clickhouse.Migrations"]
