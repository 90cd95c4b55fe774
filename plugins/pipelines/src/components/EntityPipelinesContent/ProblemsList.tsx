import type { PipelineProblem } from '@dpra/plugin-pipelines-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';

/** References from the annotations that are not served, each with the reason. */
export function ProblemsList(props: { problems: PipelineProblem[] }) {
  return (
    <List
      dense
      aria-label="Pipeline references that cannot be shown"
      data-testid="pipeline-problems"
    >
      {props.problems.map(problem => (
        <ListItem key={problem.reference}>
          <ListItemText
            primary={problem.reference}
            secondary={problem.message}
          />
        </ListItem>
      ))}
    </List>
  );
}
