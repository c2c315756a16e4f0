package dev.nudge.deploy;

import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every FlinkDeployment of deploy/kubernetes against the operator's CRD schema, closed to unknown fields. */
class FlinkDeploymentSchemaTest {

    private static final FlinkDeploymentSchema SCHEMA = FlinkDeploymentSchema.load("v1beta1");

    @Test
    void everyFlinkDeploymentMatchesTheOperatorsSchema() {
        List<Manifests.Document> deployments = Manifests.ofKind("FlinkDeployment");
        assertThat(deployments).extracting(Manifests.Document::name)
                .containsExactlyInAnyOrder("nudge-sequencer", "nudge-analytics");
        assertThat(deployments).allSatisfy(deployment ->
                assertThat(SCHEMA.validate(deployment.content())).as(deployment.toString()).isEmpty());
    }

    @Test
    void aMisspeltFieldFails() throws IOException {
        assertThat(errorsAfter("    upgradeMode: savepoint", "    upgradeMod: savepoint"))
                .anySatisfy(error -> assertThat(error.getMessage()).contains("upgradeMod"));
        assertThat(errorsAfter("        - name: flink-main-container", "        - nme: flink-main-container"))
                .anySatisfy(error -> assertThat(error.getMessage()).contains("nme"));
    }

    @Test
    void aMisplacedFieldFails() throws IOException {
        // parallelism belongs to spec.job, not to spec.
        assertThat(errorsAfter("  flinkVersion: v2_2", "  flinkVersion: v2_2\n  parallelism: 4"))
                .anySatisfy(error -> assertThat(error.getMessage()).contains("parallelism"));
    }

    @Test
    void aValueOutsideTheCrdsChoicesFails() throws IOException {
        assertThat(errorsAfter("    upgradeMode: savepoint", "    upgradeMode: snapshot"))
                .anySatisfy(error -> assertThat(error.getMessage()).contains("upgradeMode"));
        assertThat(errorsAfter("  flinkVersion: v2_2", "  flinkVersion: 2.2")).isNotEmpty();
    }

    /** The errors of the sequencer's manifest with one line replaced. */
    private static Set<ValidationMessage> errorsAfter(String line, String replacement) throws IOException {
        var file = Manifests.DIRECTORY.resolve("sequencer.yaml");
        String original = Files.readString(file);
        assertThat(original).as("the manifest line to break").contains(line + "\n");
        List<Manifests.Document> broken = Manifests.documents(file, original.replace(line + "\n", replacement + "\n"));
        return SCHEMA.validate(broken.get(0).content());
    }
}
