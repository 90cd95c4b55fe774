import { InfoCard } from '@backstage/core-components';
import type { ScaffolderTaskOutput } from '@backstage/plugin-scaffolder-react';
import { DefaultTemplateOutputs } from '@backstage/plugin-scaffolder-react/alpha';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { GENERATED_FILES_OUTPUT } from '@dpra/plugin-pipelines-common';
import { useMemo, useState } from 'react';

/** One generated file as dpra:pipeline:generate outputs it (`contents`). */
export interface GeneratedFile {
  path: string;
  content: string;
}

/** The generated files of a task output, or none when the output does not carry them (yet). */
export function generatedFilesOf(
  output: ScaffolderTaskOutput | undefined,
): GeneratedFile[] {
  const value = output?.[GENERATED_FILES_OUTPUT];
  if (!Array.isArray(value)) return [];
  return value.filter(
    (file): file is GeneratedFile =>
      !!file &&
      typeof file === 'object' &&
      typeof (file as GeneratedFile).path === 'string' &&
      typeof (file as GeneratedFile).content === 'string',
  );
}

const useStyles = makeStyles(theme => ({
  browser: {
    display: 'grid',
    gridTemplateColumns: 'minmax(260px, 1fr) 2.5fr',
    minHeight: 0,
    [theme.breakpoints.down('sm')]: { gridTemplateColumns: '1fr' },
  },
  files: {
    maxHeight: 560,
    overflowY: 'auto',
    overflowX: 'hidden',
    borderRight: `1px solid ${theme.palette.divider}`,
    [theme.breakpoints.down('sm')]: {
      maxHeight: 240,
      borderRight: 'none',
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
  },
  // Paths are long and have no spaces: they wrap anywhere rather than run under the content.
  fileName: {
    fontFamily: 'monospace',
    whiteSpace: 'normal',
    overflowWrap: 'anywhere',
    wordBreak: 'break-all',
  },
  content: {
    margin: 0,
    padding: theme.spacing(2),
    maxHeight: 560,
    overflow: 'auto',
    fontSize: '0.8rem',
    whiteSpace: 'pre',
    minWidth: 0,
  },
}));

/**
 * Every file dpra:pipeline:generate wrote, one at a time: the list of paths, and the chosen
 * file's text as written (the spec, the cdktf project and the Terraform JSON of each stack).
 */
export function GeneratedFilesCard(props: { files: GeneratedFile[] }) {
  const classes = useStyles();
  const { files } = props;
  const [selected, setSelected] = useState(0);
  const file = files[Math.min(selected, files.length - 1)];
  if (!file) return null;
  return (
    <InfoCard
      title={`Generated files (${files.length})`}
      subheader="Every file the pipeline generator wrote into the new repository: choose one to read it"
      noPadding
    >
      <Box className={classes.browser} data-testid="dpra-generated-files">
        <List
          dense
          className={classes.files}
          component="nav"
          aria-label="Generated files"
        >
          {files.map((candidate, index) => (
            <ListItem
              key={candidate.path}
              button
              selected={candidate === file}
              aria-current={candidate === file ? 'true' : undefined}
              onClick={() => setSelected(index)}
            >
              <ListItemText
                primary={candidate.path}
                primaryTypographyProps={{ className: classes.fileName }}
              />
            </ListItem>
          ))}
        </List>
        <Box minWidth={0}>
          <Box px={2} pt={2}>
            <Typography variant="subtitle2" className={classes.fileName}>
              {file.path}
            </Typography>
          </Box>
          <pre
            className={classes.content}
            data-testid="dpra-generated-file-content"
            aria-label={`Content of ${file.path}`}
          >
            {file.content}
          </pre>
        </Box>
      </Box>
    </InfoCard>
  );
}

/**
 * The task page's outputs for the DPRA templates: Backstage's links and text outputs, then the
 * generated files to read one by one.
 */
export function GeneratedFilesOutputs(props: {
  output?: ScaffolderTaskOutput;
}) {
  const files = useMemo(() => generatedFilesOf(props.output), [props.output]);
  return (
    <>
      <DefaultTemplateOutputs output={props.output} />
      {files.length > 0 && (
        <Box pb={2}>
          <GeneratedFilesCard files={files} />
        </Box>
      )}
    </>
  );
}
