import { createTheme } from '@mantine/core';

// Colours chosen for contrast: Mantine's default primary shade 6 on white is below 4.5:1 for small
// text, so links and filled buttons use shade 8 (WCAG AA for normal text).
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'sm',
  focusRing: 'auto',
  components: {
    Table: { defaultProps: { striped: true, highlightOnHover: true, verticalSpacing: 6 } },
  },
});
