# The webhooks service on a Java 17 runtime. From the repository root, after the build wrote the service jar
# (mvn -B -Pdist -DskipTests package -pl jobs/webhooks -am):
#   docker build -f deploy/docker/webhooks.Dockerfile -t nudge/webhooks:0.1.0 .
FROM eclipse-temurin:17-jre
ARG NUDGE_VERSION=0.1.0-SNAPSHOT
RUN useradd --system --uid 10001 nudge
COPY jobs/webhooks/target/nudge-webhooks-${NUDGE_VERSION}-service.jar /opt/nudge/nudge-webhooks.jar
USER 10001
ENTRYPOINT ["java", "-jar", "/opt/nudge/nudge-webhooks.jar"]
