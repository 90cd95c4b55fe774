import type { PipelineProblem } from '@dpra/plugin-pipelines-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  // A dense list item keeps its text on one line (`white-space: nowrap`, cut with an ellipsis):
  // inside an alert that pushed the page wider than a phone or a 1024 px window, and cut the
  // reason short. The reasons name ARNs, which may break anywhere.
  text: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
});

/** References from the annotations that are not served, each with the reason. */
export function ProblemsList(props: { problems: PipelineProblem[] }) {
  const classes = useStyles();
  return (
    <List
      dense
      aria-label="Pipeline references that cannot be shown"
      data-testid="pipeline-problems"
    >
      {props.problems.map(problem => (
        // Several problems may name one reference (a tag looked up in several accounts).
        <ListItem key={`${problem.reference}\u0000${problem.message}`}>
          <ListItemText
            className={classes.text}
            primary={problem.reference}
            secondary={problem.message}
          />
        </ListItem>
      ))}
    </List>
  );
}
