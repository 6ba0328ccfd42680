/**
 * Rosters (名录库): the market-entity roster (import, flagged rows, frozen revisions and their
 * diff) and the inspector roster (import, certificates, conflicts of interest). Freezing a
 * June/December revision is what a round commits against: the page says so.
 */
import { Card, Tabs, Typography } from "antd";
import { accessOf } from "../../access";
import { useSession } from "../../api/session";
import { useI18n } from "../../i18n";
import { ImportPanel } from "./import-panel";
import { Conflicts, Inspectors } from "./people";
import { Revisions } from "./revisions";

export default function RostersPage() {
  const { t } = useI18n();
  const canOperate = accessOf(useSession().data?.account).canOperate;
  return (
    <Card title={t("rosters.title")}>
      <Typography.Paragraph type="secondary">{t("rosters.intro")}</Typography.Paragraph>
      <Tabs
        items={[
          {
            key: "entities",
            label: t("rosters.entitiesTab"),
            children: (
              <>
                <ImportPanel kind="entities" canUpload={canOperate} />
                <Revisions canFreeze={canOperate} />
              </>
            ),
          },
          {
            key: "inspectors",
            label: t("rosters.inspectorsTab"),
            children: (
              <>
                <ImportPanel kind="inspectors" canUpload={canOperate} />
                <Inspectors />
                <Conflicts />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
