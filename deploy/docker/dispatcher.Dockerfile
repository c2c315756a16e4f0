# The dispatcher service on a Java 17 runtime. From the repository root, after the build wrote the service jar
# (mvn -B -Pdist -DskipTests package -pl jobs/dispatcher -am):
#   docker build -f deploy/docker/dispatcher.Dockerfile -t nudge/dispatcher:0.1.0 .
FROM eclipse-temurin:17-jre
ARG NUDGE_VERSION=0.1.0-SNAPSHOT
RUN useradd --system --uid 10001 nudge
COPY jobs/dispatcher/target/nudge-dispatcher-${NUDGE_VERSION}-service.jar /opt/nudge/nudge-dispatcher.jar
USER 10001
ENTRYPOINT ["java", "-jar", "/opt/nudge/nudge-dispatcher.jar"]
