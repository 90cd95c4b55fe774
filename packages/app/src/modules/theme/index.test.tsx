import { createUnifiedTheme, palettes } from '@backstage/theme';
import { metadataTableComponents } from './index';

describe('the portal themes', () => {
  it("let Backstage's metadata table labels (the template review) wrap, and stack on a phone", () => {
    const theme = createUnifiedTheme({
      palette: palettes.light,
      components: metadataTableComponents as any,
    });
    // Backstage's metadata table is Material UI v4 (withStyles named BackstageMetadataTable*).
    const overrides = (theme.getTheme('v4') as any).overrides;
    expect(overrides.BackstageMetadataTableTitleCell.root).toMatchObject({
      whiteSpace: 'normal',
      width: '40%',
      '@media (max-width: 599.95px)': { display: 'block' },
    });
    expect(overrides.BackstageMetadataTableCell.root).toMatchObject({
      '@media (max-width: 599.95px)': { display: 'block' },
    });
  });
});
