import type { TopologyData, ValidationIssue } from '@ocore/core';
import type { FieldProblem } from '../../../lib/errors';

/** What a check of the topology found, and which check: Validate, a refused deploy, or a refused save. */
export interface IssueReport {
  source: 'validate' | 'deploy' | 'save';
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

export interface NodeIssues {
  errors: string[];
  warnings: string[];
}

const messagesOf = (issues: readonly ValidationIssue[], nodeId: string) =>
  issues.filter((i) => i.nodeId === nodeId).map((i) => i.message);

/** The messages a report has for one node. */
export function issuesOfNode(report: IssueReport | null, nodeId: string): NodeIssues {
  return report
    ? { errors: messagesOf(report.errors, nodeId), warnings: messagesOf(report.warnings, nodeId) }
    : { errors: [], warnings: [] };
}

/** The issues no drawn node carries: about the whole topology, or a node no longer in the graph. */
export function topologyIssues(report: IssueReport | null, data: TopologyData): Omit<IssueReport, 'source'> {
  const drawn = new Set(data.nodes.map((n) => n.id));
  const unplaced = (issues: readonly ValidationIssue[]) =>
    issues.filter((i) => i.nodeId === undefined || !drawn.has(i.nodeId));
  return { errors: unplaced(report?.errors ?? []), warnings: unplaced(report?.warnings ?? []) };
}

const nodeField = /^topologyData\.nodes\.(\d+)\.?(.*)$/;

/** A refused save's field problems as issues, on the node a `topologyData.nodes.N` path names. */
export function saveIssuesOf(problems: readonly FieldProblem[], data: TopologyData): ValidationIssue[] {
  return problems.map((problem) => {
    const [, index, rest] = nodeField.exec(problem.field) ?? [];
    const nodeId = index === undefined ? undefined : data.nodes[Number(index)]?.id;
    const message = `${rest || problem.field}: ${problem.message}`;
    return nodeId ? { nodeId, code: 'INVALID_INPUT', message } : { code: 'INVALID_INPUT', message };
  });
}
