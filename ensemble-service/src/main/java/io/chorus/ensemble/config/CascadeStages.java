package io.chorus.ensemble.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a confidence cascade's {@code stages} into stage ensembles: each stage calls some of the
 * ensemble's live members with its own quorum and the ensemble's deadline, wait policy and strategy.
 */
final class CascadeStages {

	private CascadeStages() {
	}

	static List<EnsembleFeatures.StageSpec> validate(String key, List<ChorusProperties.Stage> stages,
			EnsembleSpec ensemble, boolean firstSuccess, List<String> problems) {
		if (stages.isEmpty()) {
			return List.of();
		}
		if (stages.size() < 2) {
			problems.add(key + ": a cascade needs at least two stages (a cheap one and the one it falls back to)");
			return List.of();
		}
		List<EnsembleFeatures.StageSpec> result = new ArrayList<>();
		for (int s = 0; s < stages.size(); s++) {
			String stageKey = key + "[" + s + "]";
			ChorusProperties.Stage stage = stages.get(s);
			int before = problems.size();
			List<MemberSpec> members = new ArrayList<>();
			Set<String> seen = new HashSet<>();
			if (stage.members().isEmpty()) {
				problems.add(stageKey + ".members: name at least one member of the ensemble");
			}
			for (int m = 0; m < stage.members().size(); m++) {
				String name = stage.members().get(m);
				MemberSpec member = ensemble.members().stream().filter((spec) -> spec.name().equals(name)).findFirst()
					.orElse(null);
				if (member == null) {
					problems.add(stageKey + ".members[" + m + "]: '" + name + "' is not a live member of the ensemble");
				}
				else if (!seen.add(name)) {
					problems.add(stageKey + ".members[" + m + "]: '" + name + "' is named twice");
				}
				else {
					members.add(member);
				}
			}
			boolean last = s == stages.size() - 1;
			boolean thresholds = stage.minConfidence() != null || stage.minMargin() != null;
			if (last && thresholds) {
				problems.add(stageKey + ": the last stage answers whatever it gets; remove min-confidence and"
						+ " min-margin");
			}
			else if (!last && !thresholds) {
				problems.add(stageKey + ": set min-confidence or min-margin (when is this stage's answer enough?)");
			}
			checkFraction(stageKey + ".min-confidence", stage.minConfidence(), problems);
			checkFraction(stageKey + ".min-margin", stage.minMargin(), problems);
			int quorum = members.isEmpty() ? 0
					: EnsembleCatalog.quorum(stageKey, stage.quorum(), firstSuccess, members.size(), problems);
			if (problems.size() == before) {
				EnsembleSpec stageEnsemble = new EnsembleSpec(ensemble.name(), ensemble.version(), ensemble.deadline(),
						quorum, ensemble.waitPolicy(), ensemble.grace(), ensemble.strategy(), ensemble.outputs(),
						ensemble.labelOutput(), ensemble.threshold(), ensemble.v1Input(), members);
				result.add(new EnsembleFeatures.StageSpec(stageEnsemble, stage.minConfidence(), stage.minMargin()));
			}
		}
		return List.copyOf(result);
	}

	private static void checkFraction(String key, Double value, List<String> problems) {
		if (value != null && !(value > 0 && value <= 1)) {
			problems.add(key + ": must be in (0, 1], not " + value);
		}
	}

}
