// The datasets view's requests, answered by the dataset service (arguments are already parsed by
// the contract's schemas).
import type { RequestHandlers } from '../../shared/api/contract';
import type { DatasetService } from './dataset-service';

type DatasetChannel = Extract<keyof RequestHandlers, `datasets:${string}`>;

export function datasetHandlers(service: DatasetService): Pick<RequestHandlers, Exclude<DatasetChannel, 'datasets:list'>> {
  return {
    'datasets:stored': () => service.datasets(),
    'datasets:detail': ({ datasetId }) => service.detail(datasetId),
    'datasets:page': ({ versionId, filter, offset, limit, analysis, sort }) => service.page(versionId, filter, offset, limit, analysis, sort),
    'datasets:stats': ({ versionId }) => service.stats(versionId),
    'datasets:duplicates': ({ versionId, kind, offset, limit }) => service.duplicates(versionId, kind, offset, limit),
    'datasets:export': ({ versionId, format }) => service.exportVersion(versionId, format),
    'datasets:merge': ({ name, sources, dedupe }) => service.merge(name, sources, dedupe),
    'datasets:leak-check': ({ trainVersionId, testVersionId }) => service.leakCheck(trainVersionId, testVersionId),
    'datasets:remove-leaks': ({ datasetId, testVersionId }) => service.removeLeaks(datasetId, testVersionId),
    'datasets:dismiss-group': async ({ datasetId, key }) => {
      await service.dismissGroup(datasetId, key);
      return { ok: true as const };
    },
    'datasets:pair': ({ pairId }) => service.pair(pairId),
    'datasets:commit': ({ datasetId, change }) => service.commit(datasetId, change),
    'datasets:undo': ({ datasetId }) => service.undo(datasetId),
    'datasets:redo': ({ datasetId }) => service.redo(datasetId),
    'datasets:name-version': ({ versionId, name }) => service.nameVersion(versionId, name),
    'datasets:rename': ({ datasetId, name }) => service.rename(datasetId, name),
    'datasets:tag': async ({ datasetId, pairId, tags }) => ({ tags: await service.setTags(datasetId, pairId, tags) }),
    'datasets:importable': () => service.importableFiles(),
    'datasets:preview': ({ source, format, fields }) => service.preview(source, format, fields),
    'datasets:import': (args) => service.import(args),
    'datasets:clean-preview': ({ versionId, options }) => service.cleanPreview(versionId, options),
    'datasets:clean-apply': ({ datasetId, versionId, options }) => service.cleanApply(datasetId, versionId, options),
    'datasets:split-counts': ({ versionId, split }) => service.splitCounts(versionId, split),
    'datasets:split': ({ datasetId, split }) => service.setSplit(datasetId, split),
  };
}
