import { stages, type Project } from '@ocore/core';
import { SelectField } from '../../../components/field';

/** The project picker and the stage, shared by the create and edit forms. */
export function ProjectStageFields({
  projects,
  projectId,
  stage,
  error,
}: {
  projects: readonly Project[];
  projectId?: string | null;
  stage?: string;
  error: (name: 'projectId' | 'stage') => string | undefined;
}) {
  return (
    <div className="form-row form-row-even">
      <SelectField label="Project" name="projectId" defaultValue={projectId ?? ''} error={error('projectId')}>
        <option value="">No project</option>
        {projects.map((project) => (
          <option key={project.id} value={project.id}>
            {project.name}
          </option>
        ))}
      </SelectField>
      <SelectField label="Stage" name="stage" defaultValue={stage ?? 'production'} error={error('stage')}>
        {stages.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </SelectField>
    </div>
  );
}
