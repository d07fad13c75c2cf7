import type { Topology, TopologyData } from '@ocore/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorCodeOf, fieldProblemsOf, validationIssuesOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { saveIssuesOf, type IssueReport } from '../utils/issues';
import { isSameGraph } from '../utils/topology-draft';
import { useStoreDeployment } from './use-deployment';

/**
 * The editor's state: a draft of the graph that changes locally until saved, and the report
 * of the last check (Validate, or a refused save or deploy) that marks the nodes. A draft
 * left unchanged follows saves made elsewhere; a changed one is kept until saved or discarded.
 */
export function useTopologyEditor(topology: Topology) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const storeDeployment = useStoreDeployment(topology.id);
  const [base, setBase] = useState(topology);
  const [data, setData] = useState<TopologyData>(topology.topologyData);
  const [report, setReport] = useState<IssueReport | null>(null);
  const dirty = !isSameGraph(data, base.topologyData);
  if (topology.updatedAt !== base.updatedAt && !dirty) {
    setBase(topology);
    setData(topology.topologyData);
  }

  const save = useMutation(
    trpc.topologies.update.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.topologies.get.queryKey({ id: saved.id }), saved);
        setBase(saved);
        setData(saved.topologyData);
        setReport(null);
      },
      onError: (error, input) => {
        const errors = saveIssuesOf(fieldProblemsOf(error), input.topologyData ?? data);
        if (errors.length) setReport({ source: 'save', errors, warnings: [] });
      },
    }),
  );
  const validate = useMutation(
    trpc.topologies.validate.mutationOptions({ onSuccess: (result) => setReport({ source: 'validate', ...result }) }),
  );
  const deploy = useMutation(
    trpc.topologies.deploy.mutationOptions({
      onSuccess: (deployment) => {
        storeDeployment(deployment);
        setReport(null);
      },
      onError: (error) => {
        if (errorCodeOf(error) === 'TOPOLOGY_INVALID')
          setReport({ source: 'deploy', errors: [...validationIssuesOf(error)], warnings: [] });
      },
    }),
  );
  const reset = () => {
    save.reset();
    validate.reset();
    deploy.reset();
  };

  return {
    data,
    dirty,
    report,
    /** Changes the draft; the last answer of a save, validate or deploy no longer applies. */
    edit: (change: (draft: TopologyData) => TopologyData) => {
      reset();
      setData(change);
    },
    discard: () => setData(base.topologyData),
    save: () => save.mutate({ id: topology.id, topologyData: data }),
    /** Checks the draft as drawn, saved or not, against the stored HA settings. */
    validate: () => validate.mutate({ id: topology.id, topologyData: data }),
    deploy: () => deploy.mutate({ id: topology.id }),
    saving: save.isPending,
    validating: validate.isPending,
    deploying: deploy.isPending,
    /** A failure that no node or field shows (e.g. DEPLOYMENT_RUNNING). */
    failure: [save.error, validate.error, deploy.error].find(
      (e) => e && validationIssuesOf(e).length === 0 && fieldProblemsOf(e).length === 0,
    ),
  };
}

export type TopologyEditorState = ReturnType<typeof useTopologyEditor>;
