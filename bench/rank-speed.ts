/**
 * Ranking throughput: architectures scored per second, each on the same validation images with
 * weights the HyperNet generates for it (rank.ts's scoreArchitecture), as the search's ranking
 * phase does. The SMASH model is freshly initialised: scoring costs the same whatever its weights.
 */
import { computeNormalization } from '../src/engine/data/normalize.js';
import { scoreArchitecture, scoreNoise } from '../src/engine/train/rank.js';
import { Random } from '../src/engine/random.js';
import { sampleArchitecture } from '../src/engine/space/sampler.js';
import { SmashModel } from '../src/engine/model/smash-model.js';
import { tf } from '../src/engine/backend/tf.js';
import { smashNetMacs, type Fixed } from './fixed.js';
import { peakRssMb, timeRepeated, type Timed } from './measure.js';
import { syntheticSplit, syntheticSubset } from './synthetic.js';

export interface RankFigures extends Timed {
    images: number;
    /** Validation batch of the space's search settings. */
    batch: number;
    architecturesPerSecond: number;
    /** Forward MACs per image of the scored architectures, averaged. */
    meanMacs: number;
    peakRssMb: number;
    tensorsAfter: number;
}

export async function timeRanking(fixed: Fixed, architectures: number, images: number): Promise<RankFigures> {
    const { space } = fixed;
    const subset = syntheticSubset(space, images, `bench:validation:${fixed.key}`);
    const options = { split: syntheticSplit(subset), normalization: computeNormalization(subset) };
    const model = new SmashModel(space, space.seed);
    // The random stage's draws: different architectures, as a ranking scores them.
    const archs = Array.from({ length: architectures + 1 }, (_, i) => sampleArchitecture(space, new Random(`bench:rank:${i}`)));
    let macs = 0;
    const timed = await timeRepeated(architectures, 1, async (i) => {
        await scoreArchitecture(model, archs[i]!, scoreNoise(space.seed, `bench:${i}`), options);
        if (i > 0) macs += smashNetMacs(space, archs[i]!);
    });
    return {
        ...timed, images, batch: space.search.batch,
        architecturesPerSecond: 1000 / timed.wallMs,
        meanMacs: macs / architectures,
        peakRssMb: peakRssMb(),
        tensorsAfter: tf.memory().numTensors,
    };
}
