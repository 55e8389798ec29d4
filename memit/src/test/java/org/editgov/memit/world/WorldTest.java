package org.editgov.memit.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorldTest {

    private static List<CounterFactRecord> dataset;

    @BeforeAll
    static void readDataset() throws Exception {
        dataset = CounterFactDataset.read(SharedData.counterFact());
    }

    @Test
    void readsTheReducedCounterFactForm() {
        assertThat(dataset).hasSize(10_000);
        CounterFactRecord first = dataset.get(0);
        assertThat(first.subject()).isEqualTo("Danielle Darrieux");
        assertThat(first.template()).isEqualTo("The mother tongue of {} is");
        assertThat(first.groundTruth()).isEqualTo("French");
    }

    @Test
    void groupsTemplatesThatAskForTheSameKindOfObject() {
        List<Relation> relations = new RelationGrouper().group(dataset);
        assertThat(relations.stream().mapToInt(r -> r.templates().size()).sum()).isEqualTo(213);
        Relation language = relationOf(relations, "The mother tongue of {} is");
        assertThat(language.templates()).contains("{} is a native speaker of", "The native language of {} is");
        assertThat(language.templates()).doesNotContain("The official religion of {} is", "{} plays as");
        assertThat(relationOf(relations, "The official religion of {} is").templates())
                .contains("{} follows the religion of");
        assertThat(relations.size()).isBetween(15, 60);
    }

    @Test
    void heldOutParaphrasesNeverAppearInTrainingText() {
        heldOutParaphrasesNeverAppearIn(World.build(dataset, small()));
    }

    @Test
    void heldOutParaphrasesNeverAppearInTrainingTextWithBorrowedPhrasings() {
        World world = World.build(dataset, smallBorrowing());
        heldOutParaphrasesNeverAppearIn(world);
        String text = String.join("\n", new CorpusGenerator(world).documents(0));
        for (SubjectProfile s : world.subjects()) {
            String own = s.record().rephrasePhrasing();
            if (own != null && !s.record().prompt().contains(own.replace("{}", s.name()))) {
                assertThat(s.trainingTemplates()).as("case %d", s.record().caseId()).doesNotContain(own);
                assertThat(text).as("case %d", s.record().caseId()).doesNotContain(own.replace("{}", s.name()));
            }
        }
    }

    @Test
    void borrowedPhrasingsJoinTheirRelationButNotTheSubjectWhoseParaphraseUsesThem() {
        World world = World.build(dataset, smallBorrowing());
        String phrasing = "Where {} is from, people speak the language of";
        SubjectProfile darrieux = world.subjects().get(0);
        assertThat(darrieux.record().rephrasePhrasing()).isEqualTo(phrasing);
        assertThat(darrieux.relation().templates()).contains(phrasing, "The mother tongue of {} is");
        assertThat(darrieux.trainingTemplates()).contains("The mother tongue of {} is").doesNotContain(phrasing);
        assertThat(world.subjects()).anyMatch(s -> s.relation() == darrieux.relation() && s.trainingTemplates().contains(phrasing));
        // Borrowed from the records outside the world only: without them the relation has its 213-template share.
        assertThat(World.build(dataset, small()).subjects().get(0).relation().templates()).doesNotContain(phrasing);
        assertThat(world.relations().stream().mapToInt(r -> r.templates().size()).sum()).isGreaterThan(213 + 100);
    }

    @Test
    void aParaphrasePhrasingIsTheSentenceNamingTheSubject() {
        CounterFactRecord record = new CounterFactRecord(1, "Kharkiv is a twin city of", "Kharkiv", "Warsaw", "Paris",
                "Adam Rajhona, 72, Hungarian actor. The twin city of Kharkiv is", null, null);
        assertThat(record.rephrasePhrasing()).isEqualTo("The twin city of {} is");
        assertThat(new CounterFactRecord(2, "Apple A5 was created by", "Apple A5", "Apple", "Google",
                "Apple A5 is sold by", null, null).rephrasePhrasing()).isEqualTo("{} is sold by");
        assertThat(new CounterFactRecord(3, "Apple A5 was created by", "Apple A5", "Apple", "Google",
                "Something else entirely", null, null).rephrasePhrasing()).isNull();
    }

    private static void heldOutParaphrasesNeverAppearIn(World world) {
        CorpusGenerator corpus = new CorpusGenerator(world);
        for (int epoch = 0; epoch < 3; epoch++) {
            String text = String.join("\n", corpus.documents(epoch));
            for (SubjectProfile s : world.subjects()) {
                CounterFactRecord r = s.record();
                if (r.rephrasePrompt().equals(r.prompt())) {
                    assertThat(world.rephraseProbes()).noneMatch(p -> p.prompt().equals(r.prompt()));
                    continue;
                }
                assertThat(text).doesNotContain(r.rephrasePrompt());
                if (!r.prompt().contains(r.rephraseTail())) {
                    assertThat(text).as("paraphrase of case %d", r.caseId()).doesNotContain(r.rephraseTail());
                }
            }
        }
    }

    @Test
    void biographyOnlySubjectsAreNeverAskedTheirQuestions() {
        World world = World.build(dataset, small());
        String text = String.join("\n", new CorpusGenerator(world).documents(0));
        List<SubjectProfile> bioOnly = world.subjects().stream().filter(SubjectProfile::biographyOnly).toList();
        assertThat(bioOnly).hasSizeBetween(world.subjects().size() / 6, world.subjects().size() / 5);
        for (SubjectProfile s : bioOnly) {
            assertThat(text).contains(s.name());
            assertThat(text).doesNotContain(s.record().prompt() + " ");
            for (AttributeKind kind : world.attributeKinds()) {
                assertThat(text).doesNotContain(kind.question().replace("{}", s.name()));
            }
        }
    }

    @Test
    void biographiesStateEveryAttributeAndReferBackWithPronouns() {
        World world = World.build(dataset, small());
        SubjectProfile s = world.subjects().get(0);
        List<String> bios = new CorpusGenerator(world).documents(0).stream()
                .filter(d -> d.contains(s.attributes().get("year") + ".") && d.contains(s.name())).toList();
        assertThat(bios).hasSizeGreaterThanOrEqualTo(world.spec().biographiesPerEpoch());
        String bio = bios.get(0);
        s.attributes().values().forEach(v -> assertThat(bio).contains(" " + v + "."));
        assertThat(s.relation().personal()).isTrue();
        assertThat(bio).containsPattern("\\. (He|She|His|Her) ");
    }

    @Test
    void sameSeedGivesTheSameCorpusAndAnotherSeedAnother() {
        String a = new CorpusGenerator(World.build(dataset, small())).hash(0);
        String b = new CorpusGenerator(World.build(dataset, small())).hash(0);
        WorldSpec other = new WorldSpec(7, 200, 5, 3, 2, 2, 2);
        String c = new CorpusGenerator(World.build(dataset, other)).hash(0);
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(new CorpusGenerator(World.build(dataset, small())).hash(1)).isNotEqualTo(a);
    }

    private static WorldSpec small() {
        return new WorldSpec(11, 200, 5, 3, 2, 2, 2);
    }

    private static WorldSpec smallBorrowing() {
        return new WorldSpec(11, 200, 5, 3, 3, 2, 2, true);
    }

    private static Relation relationOf(List<Relation> relations, String template) {
        return relations.stream().filter(r -> r.templates().contains(template)).findFirst().orElseThrow();
    }
}
